import TOML
// toml-test interface (TOML issue).
