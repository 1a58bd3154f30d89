module example.com/graphcase/generic

go 1.26.0

require example.com/graphcase/redact v0.0.0

replace example.com/graphcase/redact => ../redact
