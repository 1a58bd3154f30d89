package registry

// merge builds a module's registry with the core merged in:
//
//   - events: the module's, then the core's;
//   - metrics: the module's, then the core's;
//   - error codes: the core's, then the module's;
//   - deny keys: the core's, then the module's;
//   - the core error event (CoreErrorEvent) carries its own codes followed
//     by every module code that no module event lists, in module order, so
//     that each code has an event that can carry it.
//
// A module item named like a core item (an event, metric, error code or
// deny key, or a metric with a core metric's Prometheus name) is reported
// with both positions and left out, so that validation does not report
// it a second time as a duplicate. Version stays the module's; the core's
// goes to CoreVersion.
func merge(ef *eventsFile, mf *metricsFile, cef *eventsFile, cmf *metricsFile, e *errs) *Registry {
	r := &Registry{
		Version:     ef.Version,
		CoreVersion: cef.Version,
		eventsFile:  ef.Pos.File,
		metricsFile: mf.Pos.File,
		coreDeny:    map[string]bool{},
	}
	const hint = "rename it or remove it"

	// The record format is the runtime's: it writes these fields itself.
	if ef.Has("record_fields") {
		e.add(ef.At("record_fields"), "remove it: the record's top-level fields are defined by the runtime's core registry ("+CoreEventsPath+")", "a module registry cannot define record_fields")
	}
	r.RecordFields = cef.RecordFields

	coreDeny := map[string]Ident{}
	for _, k := range cef.DenyKeys {
		coreDeny[k.Value] = k
		r.coreDeny[k.Value] = true
	}
	r.DenyKeys = append(r.DenyKeys, cef.DenyKeys...)
	for _, k := range ef.DenyKeys {
		if c, ok := coreDeny[k.Value]; ok {
			e.add(k.Pos, "remove it: the core deny list applies to every module", "deny key %q is already on the runtime's core deny list (%s)", k.Value, c.Pos)
			continue
		}
		r.DenyKeys = append(r.DenyKeys, k)
	}

	coreCodes := map[string]*ErrorCode{}
	for _, c := range cef.ErrorCodes {
		coreCodes[c.Code] = c
	}
	r.ErrorCodes = append(r.ErrorCodes, cef.ErrorCodes...)
	var moduleCodes []*ErrorCode
	for _, c := range ef.ErrorCodes {
		if cc := coreCodes[c.Code]; cc != nil {
			e.add(c.Pos, hint, "error code %q is owned by the runtime's core registry (%s)", c.Code, cc.Pos)
			continue
		}
		moduleCodes = append(moduleCodes, c)
	}
	r.ErrorCodes = append(r.ErrorCodes, moduleCodes...)

	coreEvents := map[string]*Event{}
	for _, ev := range cef.Events {
		coreEvents[ev.Name] = ev
	}
	listed := map[string]bool{}
	for _, ev := range ef.Events {
		if c := coreEvents[ev.Name]; c != nil {
			e.add(ev.Pos, hint, "event %q is owned by the runtime's core registry (%s)", ev.Name, c.Pos)
			continue
		}
		for _, c := range ev.ErrorCodes {
			listed[c.Value] = true
		}
		r.Events = append(r.Events, ev)
	}
	if errEv := coreEvents[CoreErrorEvent]; errEv != nil {
		for _, c := range moduleCodes {
			if !listed[c.Code] {
				errEv.ErrorCodes = append(errEv.ErrorCodes, Ident{Value: c.Code, Pos: c.At("code")})
			}
		}
	}
	r.Events = append(r.Events, cef.Events...)

	coreMetrics := map[string]*Metric{}
	coreProm := map[string]*Metric{}
	for _, m := range cmf.Metrics {
		coreMetrics[m.Name] = m
		if p := promNameOf(m); p != "" {
			coreProm[p] = m
		}
	}
	for _, m := range mf.Metrics {
		if c := coreMetrics[m.Name]; c != nil {
			e.add(m.Pos, hint, "metric %q is owned by the runtime's core registry (%s)", m.Name, c.Pos)
			continue
		}
		if c := coreProm[promNameOf(m)]; c != nil {
			e.add(m.Pos, "rename it", "metric %q has the Prometheus name %s of the runtime's core metric %q (%s)", m.Name, promNameOf(m), c.Name, c.Pos)
			continue
		}
		r.Metrics = append(r.Metrics, m)
	}
	r.Metrics = append(r.Metrics, cmf.Metrics...)
	return r
}

// promNameOf is m's Prometheus name ahead of validation, or "" when its
// name, kind or unit is not valid (validation reports those).
func promNameOf(m *Metric) string {
	u, ok := LookupUnit(m.Unit)
	if m.Name == "" || !ok || !oneOf(m.Kind, kinds) {
		return ""
	}
	return PromName(m.Name, m.Kind, u)
}
