module example.com/regcase

go 1.26.0
