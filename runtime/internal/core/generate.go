package core

//go:generate go run github.com/genolewm/obs/cmd/obsgen -core .
