package proto

// Error is the JSON body of every refusal the hub's API sends. Its Code
// is one of the domain's error codes (signoff.ErrCode…).
type Error struct {
	Code    string `json:"error"`
	Message string `json:"message"`
}
