package collectortest

import "testing"

func TestProcAddr(t *testing.T) {
	for field, want := range map[string]string{
		"0100007F:10DD":                         "127.0.0.1:4317",
		"00000000:1F90":                         "0.0.0.0:8080",
		"00000000000000000000000001000000:0050": "[::1]:80",
	} {
		if got, err := procAddr(field); err != nil || got != want {
			t.Errorf("procAddr(%q) = %q, %v; want %q", field, got, err, want)
		}
	}
	for _, bad := range []string{"7F:10DD", "zz00007F:10DD", "0100007F:XYZ", "0100007F"} {
		if got, err := procAddr(bad); err == nil {
			t.Errorf("procAddr(%q) = %q, want an error", bad, got)
		}
	}
}
