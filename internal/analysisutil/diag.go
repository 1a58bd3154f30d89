package analysisutil

import (
	"fmt"
	"go/ast"
	"strconv"

	"golang.org/x/tools/go/analysis"
)

// Unregistered is the diagnostic for a constant name, at e, that the
// registry lacks: what is "event" or "metric", msg says what is wrong,
// remedy how to fix it. When a registered name is close to it, the remedy
// is to use that name instead, with a fix if e is a string literal.
func Unregistered(e ast.Expr, what, name, msg, remedy string, registered []string) analysis.Diagnostic {
	d := analysis.Diagnostic{Pos: e.Pos(), End: e.End(), Message: msg + ": " + remedy}
	near, ok := Nearest(name, registered)
	if !ok {
		return d
	}
	d.Message = fmt.Sprintf("%s: did you mean %q?", msg, near)
	if lit, ok := ast.Unparen(e).(*ast.BasicLit); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   fmt.Sprintf("Replace with registered %s %q", what, near),
			TextEdits: []analysis.TextEdit{{Pos: lit.Pos(), End: lit.End(), NewText: []byte(strconv.Quote(near))}},
		}}
	}
	return d
}

// Nearest returns the candidate closest to s by edit distance, if it is
// close enough to be a plausible typo (at most a third of s's length).
// Ties go to the smaller candidate, so the result does not depend on the
// order of candidates.
func Nearest(s string, candidates []string) (string, bool) {
	best, bestD := "", -1
	for _, c := range candidates {
		d := levenshtein(s, c)
		if bestD < 0 || d < bestD || d == bestD && c < best {
			best, bestD = c, d
		}
	}
	if bestD < 0 || bestD > max(2, len(s)/3) {
		return "", false
	}
	return best, true
}

func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
