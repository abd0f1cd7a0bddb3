/// Process-wide allocator settings for a tool that allocates many large, short-lived columns.
///
/// glibc serves blocks over its mmap threshold with fresh mappings and unmaps them on free, so
/// every run on a million bars would page-fault and zero ~50 MB anew (a quarter of a run's time,
/// measured with perf). Raising the threshold to its maximum (32 MB) and keeping freed memory
/// (trim threshold 1 GiB) lets the next run reuse the same pages.
enum MemoryTuning {
    static func apply() {
        #if os(Linux)
            // From glibc's <malloc.h>, which Swift's Glibc module does not export.
            let trimThreshold: Int32 = -1
            let mmapThreshold: Int32 = -3
            _ = glibcMallopt(mmapThreshold, 32 << 20)
            _ = glibcMallopt(trimThreshold, 1 << 30)
        #endif
    }
}

#if os(Linux)
    @_silgen_name("mallopt")
    private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
