package i18n

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCatalog(t *testing.T) {
	require.NotEmpty(t, Keys())
	for _, k := range Keys() {
		m := Must(k)
		assert.NotEmpty(t, m.EN, k)
		assert.NotEmpty(t, m.ZH, k)
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, src, err string
		want           map[string]Text
	}{
		{name: "nested", src: "[a.b]\nen = \"x\"\nzh = \"甲\"\n", want: map[string]Text{"a.b": {EN: "x", ZH: "甲"}}},
		{name: "missing zh", src: "[a]\nen = \"x\"\n", err: "a: give both en and zh"},
		{name: "not a table", src: "a = 1\n", err: "a message is a table"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.src)
			if tt.err != "" {
				require.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestFormat(t *testing.T) {
	got := Must("search.all").Format(map[string]string{"n": "12"})
	assert.Equal(t, Text{EN: "All 12 results →", ZH: "全部 12 条结果 →"}, got)
	assert.Equal(t, "zh-CN", ZH.Tag())
}
