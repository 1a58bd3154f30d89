module example.com/adopt

go 1.26.0
