package render

// searchIndex writes search-index.json and search-index.js. (First version:
// replaced by the search work.)
func (b *builder) searchIndex() error {
	type doc struct {
		P string `json:"p"`
		C string `json:"c"`
		T string `json:"t"`
		U string `json:"u"`
	}
	var docs []doc
	for _, c := range b.cat.Codes {
		docs = append(docs, doc{P: string(c.Platform), C: c.Code, T: c.Title(), U: c.URL()})
	}
	data, err := marshal(map[string]any{"docs": docs})
	if err != nil {
		return err
	}
	b.files["search-index.json"] = data
	b.files["search-index.js"] = append(append([]byte("window.ERRDEX_INDEX="), data...), ';')
	return nil
}
