// Package dnatest holds the corpora of the DNA rule (internal/dna): the
// disguises of sequence data it must catch and the values it must keep.
// It is for tests only: internal/dna's own, and the end-to-end tests of
// every path the rule guards (runtime/observe, runtime/internal/tracing).
package dnatest

import "strings"

// Seq is 24 bases of a plausible read.
const Seq = "GATTACAGCTTGACCGTANGCATG"

// Interleave puts sep between every letter of s.
func Interleave(s, sep string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Fullwidth maps ASCII letters to their fullwidth forms.
func Fullwidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'A' && r <= 'Z':
			return r - 'A' + 'Ａ'
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'ａ'
		}
		return r
	}, s)
}

// MustDrop is every disguise of sequence data the rule catches:
// internal/dna's tests check the rule against it, the runtime's tests
// (runtime/observe, runtime/internal/tracing) run it through every path.
var MustDrop = map[string]string{
	"dna":                  Seq,
	"dna lower":            strings.ToLower(Seq),
	"dna in text":          "read=" + Seq + ";",
	"rna":                  "GAUUACAGCUUGACCGUANGCAUG",
	"rna lower":            "gauuacagcuugaccguangcaug",
	"iupac inside":         "ACGTRYKMSWBDHVNACGTRYKMSWBDHVN",
	"iupac ambiguity only": "RYKMSWBDHVRYKMSWBDHV",
	"zwsp":                 Interleave(Seq, "\u200b"),
	"zwj":                  Interleave(Seq, "\u200d"),
	"zwnj":                 Interleave(Seq, "\u200c"),
	"bom":                  Interleave(Seq, "\ufeff"),
	"soft hyphen":          Interleave(Seq, "\u00ad"),
	"word joiner":          Interleave(Seq, "\u2060"),
	"bidi mark":            Interleave(Seq, "\u200e"),
	"combining overline":   Interleave(Seq, "\u0305") + "\u0305",
	"fullwidth":            Fullwidth(Seq),
	"fullwidth lower":      Fullwidth(strings.ToLower(Seq)),
	"fullwidth mixed":      Fullwidth(Seq[:12]) + Seq[12:],
	"math bold":            "𝐆𝐀𝐓𝐓𝐀𝐂𝐀𝐆𝐂𝐓𝐓𝐆𝐀𝐂𝐂𝐆𝐓𝐀𝐍𝐆",
	"circled":              "ⒼⒶⓉⓉⒶⒸⒶⒼⒸⓉⓉⒼⒶⒸⒸⒼⓉⒶⓃⒼ",
	"space":                Interleave(Seq, " "),
	"dash":                 Interleave(Seq, "-"),
	"dot":                  Interleave(Seq, "."),
	"underscore":           Interleave(Seq, "_"),
	"slash":                Interleave(Seq, "/"),
	"pipe":                 Interleave(Seq, "|"),
	"tab":                  Interleave(Seq, "\t"),
	"newline":              Interleave(Seq, "\n"),
	"comma":                Interleave(Seq, ","),
	"codons":               "GAT TAC AGC TTG ACC GTA NGC ATG",
	"rna codons":           "GAU-UAC-AGC-UUG-ACC-GUA-NGC-AUG",
	"nbsp":                 Interleave(Seq, "\u00a0"),
	"ideographic space":    Interleave(Seq, "\u3000"),
	"fullwidth spaced":     Interleave(Fullwidth(Seq), " "),
	"zwsp and space":       Interleave(Seq, "\u200b \u200b"),
	"mixed separators":     "GATT-ACAG.CTTG_ACCG/TANG|CATG",
}

// MustKeep is what the rule must not touch: prose, ids, digests, variant
// notation, names.
var MustKeep = map[string]string{
	"prose":            "The trainer resumed from the last checkpoint after a transient data cache failure.",
	"prose 2":          "A cat can tug at an ant and a gnat, but not a dog: scanning at a constant rate.",
	"prose 3":          "Validation AUROC improved on the ClinVar smoke benchmark; no regression detected.",
	"sha256":           "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
	"sha256 upper":     "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
	"sha256 prefixed":  "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
	"uuid":             "123e4567-e89b-12d3-a456-426614174000",
	"uuid 2":           "f47ac10b-58cc-4372-a567-0e02b2c3d479",
	"base64 id":        "dGhpcyBpcyBhIGNoZWNrcG9pbnQ",
	"base64url id":     "Zm9vYmFyLWJhei1xdXV4LTEyMw_-",
	"checkpoint id":    "ckpt-2026-05-20-step-012345",
	"gene":             "BRCA1",
	"hgvs c.":          "c.68_69delAG",
	"hgvs p.":          "p.Glu23ValfsTer17",
	"refseq":           "NM_007294.4",
	"refseq hgvs":      "NM_007294.4:c.68_69delAG",
	"rsid":             "rs80357906",
	"file name":        "shard-00042-of-01024.tfrecord.gz",
	"model name":       "genolewm-base-1.3b-phase2",
	"model name 2":     "lewm_transformer_v2_fp16_bf16_h100",
	"config hash":      "cfg-3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b",
	"run id":           "run-2026-05-20-h100-0",
	"event names":      "training.collapse.alert inference.score.end data.cache.hit",
	"metric name":      "geno_lewm.training.collapse.pairwise_pred_dist_mean",
	"path":             "/var/lib/genolewm/cache/encoded_windows/part-0001",
	"accents":          "Übertragung abgeschlossen, café crème, naïve Bayes",
	"cjk":              "訓練が完了しました",
	"short dna":        "ACGTACGTACGTACGTACG",
	"two spaces":       "ACGTACGTAC  GTACGTACGT",
	"iupac spaced":     "R Y K M S W B D H V R Y K M S W B D H V R Y",
	"caps acronyms":    "CAT GNU TAN CUT NUT ACT",
	"hex with dashes":  "acad-beef-cafe-dead-face-fade-bead-deed",
	"pathogenicity":    "likely_pathogenic",
	"consequence list": "missense,synonymous,splice_region,stop_gained",
}
