module example.com/graphcase

go 1.26.0
