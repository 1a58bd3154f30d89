package main

import (
	"strings"
	"unicode"
)

// initialisms are written in upper case in Go names, as golint wants.
var initialisms = map[string]string{
	"id": "ID", "ok": "OK", "ids": "IDs", "lr": "LR", "kl": "KL", "ms": "MS", "url": "URL", "uri": "URI",
	"ip": "IP", "cpu": "CPU", "gpu": "GPU", "rss": "RSS", "sha": "SHA", "json": "JSON", "l2": "L2",
}

// goName turns a dotted or snake_case registry name into an exported Go
// identifier: training.step -> TrainingStep, variant_id -> VariantID.
func goName(s string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == '_' || r == '-' || r == ' ' }) {
		if up, ok := initialisms[part]; ok {
			b.WriteString(up)
			continue
		}
		r := []rune(part)
		r[0] = unicode.ToUpper(r[0])
		b.WriteString(string(r))
	}
	return b.String()
}

// codeGoName names an error code constant: EvalError.Regression ->
// CodeEvalErrorRegression.
func codeGoName(code string) string {
	return "Code" + strings.ReplaceAll(code, ".", "")
}

// metricGoName drops the namespace (the first segment, geno_lewm) from a
// metric name: geno_lewm.data.cache.hit -> DataCacheHit.
func metricGoName(name string) string {
	if i := strings.IndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	return goName(name)
}
