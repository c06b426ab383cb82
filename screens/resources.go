package screens

import (
	"io/fs"
	"sync"

	"fyne.io/fyne/v2"

	"smartkiosk/assets"
	"smartkiosk/policy"
)

const policyDefaultLang = policy.DefaultLang

// resources caches the symbols the screens show, so changing screen does
// not re-read or re-parse a picture.
type resources struct {
	mu    sync.Mutex
	cache map[string]fyne.Resource
}

var uiResources = &resources{cache: map[string]fyne.Resource{}}

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

// uiIcon is one of the kiosk's own symbols, e.g. "agree.svg".
func uiIcon(name string) fyne.Resource {
	return uiResources.get("ui/"+name, func() ([]byte, error) { return assets.UI(name) })
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

// uiClip is the narration of one of the kiosk's own prompts or labels, e.g.
// "agree", in lang (nil when the pack has none).
func (k *Kiosk) uiClip(lang, key string) []byte {
	if c := k.clip("narration/" + lang + "/ui/" + key + ".ogg"); c != nil {
		return c
	}
	return k.clip("narration/" + policyDefaultLang + "/ui/" + key + ".ogg")
}
