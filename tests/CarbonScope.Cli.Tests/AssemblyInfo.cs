// The CLI tests run sh, use Unix file modes and load a fake libnvidia-ml.so.1: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
