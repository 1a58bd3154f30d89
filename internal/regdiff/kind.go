package regdiff

// Class is the semantic-version class of a change.
type Class int

const (
	None Class = iota
	Patch
	Minor
	Major
)

func (c Class) String() string {
	switch c {
	case Patch:
		return "PATCH"
	case Minor:
		return "MINOR"
	case Major:
		return "MAJOR"
	}
	return "NONE"
}

// MarshalText makes classes read as words in JSON.
func (c Class) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// Kind names one sort of change; it is stable, for tools that read the
// JSON report.
type Kind string

// Change kinds. Each has exactly one class, listed in Kinds.
const (
	EventAdded             Kind = "event.added"
	EventRemoved           Kind = "event.removed"
	EventRenamed           Kind = "event.renamed"
	EventSeverity          Kind = "event.severity"
	EventStabilityLowered  Kind = "event.stability.lowered"
	EventStabilityRaised   Kind = "event.stability.raised"
	EventSampling          Kind = "event.sampling"
	EventDeprecated        Kind = "event.deprecated"
	EventUndeprecated      Kind = "event.undeprecated"
	EventDeprecationText   Kind = "event.deprecation.text"
	EventDescription       Kind = "event.description"
	EventSince             Kind = "event.since"
	EventCodeAdded         Kind = "event.error_code.added"
	EventCodeRemoved       Kind = "event.error_code.removed"
	FieldAdded             Kind = "field.added"
	FieldAddedRequired     Kind = "field.added.required"
	FieldRemoved           Kind = "field.removed"
	FieldRenamed           Kind = "field.renamed"
	FieldType              Kind = "field.type"
	FieldRequired          Kind = "field.required"
	FieldUnit              Kind = "field.unit"
	FieldDeprecated        Kind = "field.deprecated"
	FieldUndeprecated      Kind = "field.undeprecated"
	FieldDeprecationText   Kind = "field.deprecation.text"
	FieldDescription       Kind = "field.description"
	FieldValuesClosed      Kind = "field.values.closed"
	FieldValuesOpened      Kind = "field.values.opened"
	FieldValueAdded        Kind = "field.value.added"
	FieldValueRemoved      Kind = "field.value.removed"
	FieldValueDescription  Kind = "field.value.description"
	MetricAdded            Kind = "metric.added"
	MetricRemoved          Kind = "metric.removed"
	MetricRenamed          Kind = "metric.renamed"
	MetricKind             Kind = "metric.kind"
	MetricUnit             Kind = "metric.unit"
	MetricStabilityLowered Kind = "metric.stability.lowered"
	MetricStabilityRaised  Kind = "metric.stability.raised"
	MetricDeprecated       Kind = "metric.deprecated"
	MetricUndeprecated     Kind = "metric.undeprecated"
	MetricDeprecationText  Kind = "metric.deprecation.text"
	MetricDescription      Kind = "metric.description"
	MetricSince            Kind = "metric.since"
	BucketAdded            Kind = "metric.bucket.added"
	BucketRemoved          Kind = "metric.bucket.removed"
	LabelAdded             Kind = "metric.label.added"
	LabelRemoved           Kind = "metric.label.removed"
	LabelDescription       Kind = "metric.label.description"
	LabelValueAdded        Kind = "metric.label.value.added"
	LabelValueRemoved      Kind = "metric.label.value.removed"
	CodeAdded              Kind = "error_code.added"
	CodeRemoved            Kind = "error_code.removed"
	CodeDeprecated         Kind = "error_code.deprecated"
	CodeUndeprecated       Kind = "error_code.undeprecated"
	CodeDeprecationText    Kind = "error_code.deprecation.text"
	CodeDescription        Kind = "error_code.description"
	DenyKeyAdded           Kind = "deny_key.added"
	DenyKeyRemoved         Kind = "deny_key.removed"
	RecordFieldAdded       Kind = "record_field.added"
	RecordFieldAddedReq    Kind = "record_field.added.required"
	RecordFieldRemoved     Kind = "record_field.removed"
	RecordFieldType        Kind = "record_field.type"
	RecordFieldRequired    Kind = "record_field.required"
	RecordFieldMin         Kind = "record_field.min"
	RecordFieldDescription Kind = "record_field.description"
	RecordFieldSince       Kind = "record_field.since"
	EventWandBAdded        Kind = "event.wandb.added"
	EventWandBRemoved      Kind = "event.wandb.removed"
	EventWandBRole         Kind = "event.wandb.as"
	EventWandBKey          Kind = "event.wandb.key"
	EventWandBFieldAdded   Kind = "event.wandb.field.added"
	EventWandBFieldRemoved Kind = "event.wandb.field.removed"
	MetricWandBAdded       Kind = "metric.wandb.added"
	MetricWandBRemoved     Kind = "metric.wandb.removed"
	MetricWandBRole        Kind = "metric.wandb.role"
)

// Kinds is the classification table, with the reason for each class that
// is not obvious.
var Kinds = map[Kind]Class{
	EventAdded:    Minor,
	EventRemoved:  Major,
	EventRenamed:  Major, // queries on the old name find nothing
	EventSeverity: Major, // severity filters and alerts select on it
	// Experimental items may change without a major release, so taking a
	// stable item back to experimental withdraws the guarantee.
	EventStabilityLowered: Major,
	EventStabilityRaised:  Minor,
	// Sampling changes how many records appear, not their shape.
	EventSampling:        Minor,
	EventDeprecated:      Minor,
	EventUndeprecated:    Minor,
	EventDeprecationText: Patch,
	EventDescription:     Patch,
	EventSince:           Patch,
	EventCodeAdded:       Minor,
	// Generated code that sets the code no longer compiles, and error
	// records with it become violations.
	EventCodeRemoved:   Major,
	FieldAdded:         Minor,
	FieldAddedRequired: Major, // existing producers do not set it
	FieldRemoved:       Major,
	FieldRenamed:       Major,
	FieldType:          Major,
	// Both directions break someone: producers that omit a newly required
	// key, consumers that rely on a key that became optional.
	FieldRequired:        Major,
	FieldUnit:            Major, // same numbers, different meaning
	FieldDeprecated:      Minor,
	FieldUndeprecated:    Minor,
	FieldDeprecationText: Patch,
	FieldDescription:     Patch,
	// A key that gets a value set refuses values its producers may send.
	FieldValuesClosed: Major,
	// A categorical key that becomes free text loosens the privacy
	// contract: always a deliberate release.
	FieldValuesOpened: Major,
	// A new value is one more constant; a removed one breaks producers that
	// send it (their records are refused) and consumers that match it.
	FieldValueAdded:        Minor,
	FieldValueRemoved:      Major,
	FieldValueDescription:  Patch,
	MetricAdded:            Minor,
	MetricRemoved:          Major,
	MetricRenamed:          Major,
	MetricKind:             Major,
	MetricUnit:             Major,
	MetricStabilityLowered: Major,
	MetricStabilityRaised:  Minor,
	MetricDeprecated:       Minor,
	MetricUndeprecated:     Minor,
	MetricDeprecationText:  Patch,
	MetricDescription:      Patch,
	MetricSince:            Patch,
	// Any bucket change changes the series (le values) and breaks
	// histogram_quantile over ranges that span the change.
	BucketAdded:   Major,
	BucketRemoved: Major,
	// A new label splits every series: sums by the old labels still work
	// but queries that match series exactly do not.
	LabelAdded:          Major,
	LabelRemoved:        Major,
	LabelDescription:    Patch,
	LabelValueAdded:     Minor,
	LabelValueRemoved:   Major,
	CodeAdded:           Minor,
	CodeRemoved:         Major,
	CodeDeprecated:      Minor,
	CodeUndeprecated:    Minor,
	CodeDeprecationText: Patch,
	CodeDescription:     Patch,
	// More keys are dropped from dynamic payloads: stricter, compatible.
	DenyKeyAdded: Minor,
	// Loosening the privacy contract always needs a deliberate release.
	DenyKeyRemoved: Major,
	// A new optional top-level field: strict readers (the JSON Schema's
	// additionalProperties: false) of the old version refuse records that
	// carry it, so they must update, but nothing they read changes.
	RecordFieldAdded:    Minor,
	RecordFieldAddedReq: Major, // records of older runtimes lack it
	RecordFieldRemoved:  Major,
	RecordFieldType:     Major,
	// Both directions break a reader or an older writer, as for data keys.
	RecordFieldRequired: Major,
	// A moved bound makes valid records invalid for one side.
	RecordFieldMin:         Major,
	RecordFieldDescription: Patch,
	RecordFieldSince:       Patch,
	// W&B forwarding (wandb.go): more items are compatible; fewer, renamed
	// or moved ones break the charts and run tables that read them.
	EventWandBAdded:        Minor,
	EventWandBRemoved:      Major,
	EventWandBRole:         Major,
	EventWandBKey:          Major,
	EventWandBFieldAdded:   Minor,
	EventWandBFieldRemoved: Major,
	MetricWandBAdded:       Minor,
	MetricWandBRemoved:     Major,
	MetricWandBRole:        Major,
}
