package analysisutil

import (
	"go/ast"
	"go/constant"
	"go/types"
)

// ConstString returns the value of e if it is a string constant.
func ConstString(info *types.Info, e ast.Expr) (string, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// FuncRef resolves n, the last node of stack (an inspector stack holding
// at least the CallExpr and SelectorExpr nodes), when it is a reference to
// a function or method: the function, the expression that refers to it
// (the whole selector for pkg.F or x.M), and whether that expression is
// the function of a call. It returns nil for anything else, and for the
// Sel identifier of a selector, which is resolved with the selector.
func FuncRef(info *types.Info, n ast.Node, stack []ast.Node) (fn *types.Func, e ast.Expr, called bool) {
	var id *ast.Ident
	switch n := n.(type) {
	case *ast.SelectorExpr:
		id, e = n.Sel, n
	case *ast.Ident:
		if len(stack) >= 2 {
			if sel, ok := stack[len(stack)-2].(*ast.SelectorExpr); ok && sel.Sel == n {
				return nil, nil, false
			}
		}
		id, e = n, n
	default:
		return nil, nil, false
	}
	if fn, _ = info.Uses[id].(*types.Func); fn == nil {
		return nil, nil, false
	}
	if len(stack) >= 2 {
		call, ok := stack[len(stack)-2].(*ast.CallExpr)
		called = ok && ast.Unparen(call.Fun) == e
	}
	return fn, e, called
}
