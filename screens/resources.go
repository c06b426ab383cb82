package screens

import (
	"io/fs"
	"sync"

	"fyne.io/fyne/v2"

	"smartkiosk/policy"
)

// resources caches the symbols the screens show, so changing screen does
// not re-read or re-parse a picture.
type resources struct {
	mu    sync.Mutex
	cache map[string]fyne.Resource
}

func (r *resources) get(key string, load func() ([]byte, error)) fyne.Resource {
	r.mu.Lock()
	defer r.mu.Unlock()
	if res, ok := r.cache[key]; ok {
		return res
	}
	data, err := load()
	if err != nil {
		return nil
	}
	res := fyne.NewStaticResource(key, data)
	r.cache[key] = res
	return res
}

// picture is a picture from the policy pack (nil when missing).
func (k *Kiosk) picture(path string) fyne.Resource {
	if path == "" {
		return nil
	}
	return k.pictures.get(k.Pack.ID+"/"+path, func() ([]byte, error) { return fs.ReadFile(k.PackFS, path) })
}

// clip reads a narration clip from the pack (nil when missing).
func (k *Kiosk) clip(path string) []byte {
	if path == "" {
		return nil
	}
	data, err := fs.ReadFile(k.PackFS, path)
	if err != nil {
		return nil
	}
	return data
}

// uiSymbol is the pack's picture for one of the pupil controls, e.g.
// policy.UIAgree (nil when the pack has none).
func (k *Kiosk) uiSymbol(key string) fyne.Resource {
	return k.picture(k.Pack.UISymbols[key].File)
}

// uiClip is the narration of one of the pupil screens' own prompts or
// labels, e.g. policy.UIAgree, in lang (nil when the pack has none).
func (k *Kiosk) uiClip(lang, key string) []byte {
	return k.clip(clipPath(k.Pack.UINarration[key], lang))
}

// clipPath picks a clip's path in lang, falling back to the default language.
func clipPath(c policy.Clip, lang string) string {
	if p := c[lang]; p != "" {
		return p
	}
	return c[policy.DefaultLang]
}
