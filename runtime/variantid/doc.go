// Package variantid derives the variant id that inference events log in
// place of a variant: a keyed hash (HMAC-SHA-256) of chrom, pos, ref and
// alt. A plain hash would not do: the space of variants is small enough to
// enumerate, so an unkeyed digest could be reversed to the bases by
// dictionary. With the key kept out of the logs, the id cannot be reversed,
// yet the same variant gets the same id under the same key, so records can
// be joined within a deployment.
package variantid
