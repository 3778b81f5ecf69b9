// The store targets Linux (file modes, /proc liveness, per-thread capabilities in the tests).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
