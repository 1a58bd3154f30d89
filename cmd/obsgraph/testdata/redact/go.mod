module example.com/graphcase/redact

go 1.26.0
