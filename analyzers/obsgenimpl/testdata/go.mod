module example.com/lintcase

go 1.26.0
