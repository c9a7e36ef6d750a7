import CVipsShim

public enum ImageMemory {
    /// Images arrive and are decoded in buffers of megabytes. glibc serves those from mmap
    /// only until the first is freed, then raises its threshold (up to 32 MiB) and keeps later
    /// ones in its heaps, where they stay resident after use. A fixed threshold keeps every
    /// buffer of 1 MiB or more mmapped and returned when freed (bench/README.md, "uploads").
    /// Call once at start, before any image work.
    public static func keepLargeBuffersMapped() {
        cvips_fix_mmap_threshold(1 << 20)
    }
}
