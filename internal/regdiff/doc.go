// Package regdiff compares two versions of the observability registry and
// classifies every difference as a MAJOR, MINOR or PATCH change, field by
// field: every event, data key, error code, metric, label, label value and
// histogram bucket is compared, not only the top-level names.
//
// Event and metric names, data keys, label values and bucket bounds are a
// public contract (spec 05, principle 3): dashboards, alerts and log
// queries depend on them. A change that can break such a consumer, or code
// compiled against the generated API, is MAJOR; an addition a consumer can
// ignore is MINOR; a change to prose is PATCH. The full table is Kinds.
//
// A rename is one change, not a removal and an addition, when it is
// declared: either the new item carries renamed_from, or the old item was
// deprecated with the new one as its replacement. Experimental items get no
// exemption: their names are as visible to consumers as stable ones.
//
// Report.Check says whether the registry's own version covers the changes:
// any MAJOR change needs the major version raised. Base resolves which
// revision a working tree is compared against when the caller names none;
// ParseBase loads that revision's registry in either layout it may have,
// with the core merged in or, from before the core was split out of
// registry/events.yaml, holding the core items itself.
package regdiff
