module example.com/designated

go 1.26.0
