import Foundation
import Storage

/// `backlab publish`: versions of a site in a folder that a web server serves through the link
/// `DEST/current` (DESIGN section 5).
///
/// Each publish writes `DEST/versions/<id>/` in a hidden folder first: files that are in the
/// version `current` points at now are hard-linked from it, the others copied and fsynced. The
/// folder is then renamed into place with its file list (`versions/<id>.files`), and `current`
/// is replaced by a new link in one `rename`, so a reader who resolves `current` finds one whole
/// version, old or new, and never a mixture. Published files are read-only: they are shared
/// between versions, and an edit of one would change them all.
public struct SitePublisher: Sendable {
    /// What a publish did.
    public struct Outcome: Sendable, Equatable {
        /// The version `current` points at now.
        public let id: String
        /// The version it pointed at before, if any.
        public let previous: String?
        /// False when the site equalled the current version and nothing was written.
        public let published: Bool
        /// Files in the version.
        public let files: Int
        /// Of them, hard-linked from the previous version.
        public let linked: Int
        /// Of them, copied from the site.
        public let copied: Int
        /// Bytes copied.
        public let copiedBytes: Int
        /// Versions removed by `--keep`.
        public let pruned: [String]
    }

    /// `DEST`.
    public let destination: URL
    /// `DEST/versions`.
    public var versionsFolder: URL { destination.appendingPathComponent("versions") }
    /// `DEST/current`.
    public var currentLink: URL { destination.appendingPathComponent("current") }

    public init(destination: URL) {
        self.destination = destination
    }

    // MARK: reading

    /// The version `current` points at; nil when nothing is published. A `current` that is not a
    /// link publish made (a folder an earlier rsync filled) is an error: it is never replaced.
    public func currentID() throws -> String? {
        var info = stat()
        guard lstat(currentLink.path, &info) == 0 else { return nil }
        guard info.st_mode & S_IFMT == S_IFLNK,
            let target = try? FileManager.default.destinationOfSymbolicLink(atPath: currentLink.path),
            target.hasPrefix("versions/"), PublishedVersion.sequence(of: String(target.dropFirst("versions/".count))) != nil
        else {
            throw PublishError(
                "\(currentLink.path) is not a link to a published version, so publish will not replace it",
                hint: "move it away (an earlier copy of the site?), then publish again")
        }
        return String(target.dropFirst("versions/".count))
    }

    /// The complete versions (a folder and its file list), oldest first.
    public func versions() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: versionsFolder.path)) ?? []
        let lists = Set(names.filter { $0.hasSuffix(".files") }.map { String($0.dropLast(".files".count)) })
        return names.filter { PublishedVersion.sequence(of: $0) != nil && lists.contains($0) }
            .sorted { PublishedVersion.sequence(of: $0)! < PublishedVersion.sequence(of: $1)! }
    }

    /// A version's file list; nil when it is missing or damaged.
    public func version(_ id: String) -> PublishedVersion? {
        guard let data = FileManager.default.contents(atPath: listURL(id).path) else { return nil }
        return PublishedVersion.parse(id: id, listing: String(decoding: data, as: UTF8.self))
    }

    func folder(_ id: String) -> URL { versionsFolder.appendingPathComponent(id) }
    func listURL(_ id: String) -> URL { versionsFolder.appendingPathComponent(id + ".files") }

    // MARK: publishing

    /// Publishes `files` (paths relative to `source`) as a new version unless they equal the
    /// current one, then keeps the newest `keep` versions and the current one.
    /// `waiting` is told when another publish holds `DEST`.
    public func publish(files paths: [String], from source: URL, keep: Int, now: Date = Date(), waiting: (String) -> Void = { _ in })
        throws -> Outcome
    {
        let lock = try lockDestination(waiting: waiting)
        defer { lock.release() }
        // Numbers of unfinished versions are not reused either: an id never names two sites.
        let sequence = (existingSequences().max() ?? 0) + 1
        removePartialVersions()
        let previousID = try currentID()
        let previous = previousID.flatMap(version)
        let files = try paths.sorted().map { try describe($0, in: source) }
        if let previousID, let previous, previous.files == files, isWhole(previous) {
            return Outcome(
                id: previousID, previous: previousID, published: false, files: files.count, linked: 0, copied: 0, copiedBytes: 0, pruned: []
            )
        }
        let id = PublishedVersion.id(sequence: sequence, date: now)
        let partial = versionsFolder.appendingPathComponent(".partial-\(id)")
        var linked = 0
        var copiedBytes = 0
        do {
            try AtomicFile.createFolder(partial)
            // Content already published: by SHA-256, from the version readers see now.
            var published: [String: (path: String, size: Int)] = [:]
            for file in previous?.files ?? [] { published[file.sha256] = (file.path, file.size) }
            var folders: Set<String> = [""]
            for file in files {
                let target = partial.appendingPathComponent(file.path)
                let parent = (file.path as NSString).deletingLastPathComponent
                if !folders.contains(parent) {
                    try AtomicFile.createFolder(target.deletingLastPathComponent())
                    // The folder and every folder above it (one that holds only folders too).
                    var parts = parent.split(separator: "/")
                    while !parts.isEmpty && folders.insert(parts.joined(separator: "/")).inserted { parts.removeLast() }
                }
                if let previousID, let old = published[file.sha256], old.size == file.size,
                    Self.size(of: folder(previousID).appendingPathComponent(old.path)) == file.size,
                    link(folder(previousID).appendingPathComponent(old.path).path, target.path) == 0
                {
                    linked += 1
                    continue
                }
                // A file system without hard links (or a file gone from the old version) is copied.
                let data = try read(file.path, in: source)
                guard SHA256Digest.hex(data) == file.sha256 else {
                    throw PublishError(
                        "\(source.appendingPathComponent(file.path).path) changed while it was being published",
                        hint: "publish when no build is writing the site (a build holds its lock; publish waits for it)")
                }
                try AtomicFile.createDurably(data, at: target, mode: 0o444)
                copiedBytes += data.count
            }
            for folder in folders { AtomicFile.syncFolder(partial.appendingPathComponent(folder)) }
            let version = PublishedVersion(id: id, files: files)
            try AtomicFile.createDurably(Data(version.listing.utf8), at: listURL(id), mode: 0o444)
            if rename(partial.path, folder(id).path) != 0 { throw FileWriteError(path: folder(id).path, code: errno) }
            AtomicFile.syncFolder(versionsFolder)
        } catch {
            try? FileManager.default.removeItem(at: partial)
            try? FileManager.default.removeItem(at: listURL(id))
            throw error
        }
        try switchCurrent(to: id)
        // A DEST without a history (or one that lost it) starts from its versions by number, so
        // --keep never removes more than it would have by number.
        var history = readHistory().filter { $0 != id }
        if history.isEmpty { history = versions().filter { $0 != id } }
        if let previousID, history.last != previousID {
            history.removeAll { $0 == previousID }
            history.append(previousID)
        }
        history.append(id)
        let pruned = prune(keep: keep, history: history)
        let kept = Set(versions())
        writeHistory(history.filter { kept.contains($0) })
        return Outcome(
            id: id, previous: previousID, published: true, files: files.count, linked: linked, copied: files.count - linked,
            copiedBytes: copiedBytes, pruned: pruned)
    }

    /// Undoes the last publish (or the last one a rollback left): points `current` at the version
    /// that was current before it, by the history of publishes; returns the two ids. Publish v1,
    /// v2, roll back (v1), publish v3, roll back: v1 again, not v2. Without a history that ends
    /// at `current` (a DEST older than it, or one switched by hand), the newest older version.
    public func rollback(waiting: (String) -> Void = { _ in }) throws -> (from: String, to: String) {
        // Asked before the lock, which would make DEST (a mistyped one too); asked again under it.
        guard try currentID() != nil else { throw nothingPublished }
        let lock = try lockDestination(waiting: waiting)
        defer { lock.release() }
        guard let current = try currentID() else { throw nothingPublished }
        let kept = versions()
        var history = readHistory().filter { kept.contains($0) }
        let target: String?
        if history.last == current {
            history.removeLast()
            target = history.last
        } else {
            let sequence = PublishedVersion.sequence(of: current)!
            target = kept.last { PublishedVersion.sequence(of: $0)! < sequence }
            history = kept.filter { PublishedVersion.sequence(of: $0)! <= PublishedVersion.sequence(of: target ?? current)! }
        }
        guard let target else {
            throw PublishError(
                "\(current) is the oldest version kept in \(versionsFolder.path): there is none before it to roll back to",
                hint: "keep more versions with --keep N when you publish")
        }
        guard let version = version(target), isWhole(version) else {
            throw PublishError(
                "version \(target), the one before \(current), is damaged (files of its list are missing): not rolled back",
                hint: "publish the site again, or point \(currentLink.path) at another version by hand")
        }
        try switchCurrent(to: target)
        writeHistory(history)
        return (current, target)
    }

    private var nothingPublished: PublishError {
        PublishError("nothing is published in \(destination.path)", hint: "publish a site first: backlab publish \(destination.path)")
    }

    /// The ids made current by publishes, oldest first, less those rolled back.
    func readHistory() -> [String] {
        guard let data = FileManager.default.contents(atPath: historyURL.path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
            .filter { PublishedVersion.sequence(of: $0) != nil }
    }

    /// Replaces the history (atomically; a history that cannot be written only makes a later
    /// rollback fall back to the newest older version).
    private func writeHistory(_ ids: [String]) {
        try? AtomicFile.write(Data(ids.map { $0 + "\n" }.joined().utf8), to: historyURL)
    }

    var historyURL: URL { destination.appendingPathComponent(".backlab-history") }

    // MARK: steps

    private func lockDestination(waiting: (String) -> Void) throws -> FileLock {
        do {
            try AtomicFile.createFolder(versionsFolder)
            return try FileLock.acquire(destination.appendingPathComponent(".backlab-publish-lock"), exclusive: true, wait: true) {
                holder in
                waiting("waiting: another publish to \(destination.path) is running\(holder.map { " (process \($0))" } ?? "")")
            }
        } catch let error as FileWriteError {
            throw PublishError("cannot write in \(destination.path): \(error.reason)", hint: error.remedy)
        }
    }

    /// The path, size and SHA-256 of one file of the site.
    private func describe(_ path: String, in source: URL) throws -> PublishedVersion.File {
        guard !path.contains("\n"), !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
            throw PublishError("cannot publish the file \(path): its name is not a plain relative path", hint: "rename it")
        }
        let data = try read(path, in: source)
        return PublishedVersion.File(path: path, sha256: SHA256Digest.hex(data), size: data.count)
    }

    private func read(_ path: String, in source: URL) throws -> Data {
        let url = source.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PublishError(
                "cannot read \(url.path), a file of the site", hint: "build the site again with backlab build --force, then publish")
        }
        return data
    }

    private static func size(of url: URL) -> Int? {
        var info = stat()
        guard stat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// Whether every file of a version's list is in its folder with its size (a version someone
    /// removed files from is published again, not called unchanged).
    private func isWhole(_ version: PublishedVersion) -> Bool {
        version.files.allSatisfy { Self.size(of: folder(version.id).appendingPathComponent($0.path)) == $0.size }
    }

    /// Replaces `current` by a link to `versions/<id>` in one rename.
    private func switchCurrent(to id: String) throws {
        let temporary = destination.appendingPathComponent(".current-\(ProcessInfo.processInfo.processIdentifier).tmp")
        unlink(temporary.path)
        guard symlink("versions/\(id)", temporary.path) == 0 else { throw FileWriteError(path: temporary.path, code: errno) }
        guard rename(temporary.path, currentLink.path) == 0 else {
            let code = errno
            unlink(temporary.path)
            throw FileWriteError(path: currentLink.path, code: code)
        }
        AtomicFile.syncFolder(destination)
    }

    /// Every sequence number used under `versions/`, complete or not, so a new id is never reused.
    private func existingSequences() -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: versionsFolder.path)) ?? []
        return names.compactMap { name in
            let bare = name.hasPrefix(".partial-") ? String(name.dropFirst(".partial-".count)) : name
            return PublishedVersion.sequence(of: bare.hasSuffix(".files") ? String(bare.dropLast(".files".count)) : bare)
        }
    }

    /// Removes what a killed publish left (it holds no lock any more, or this one would wait).
    private func removePartialVersions() {
        let links = (try? FileManager.default.contentsOfDirectory(atPath: destination.path)) ?? []
        for name in links where name.hasPrefix(".current-") && name.hasSuffix(".tmp") {
            unlink(destination.appendingPathComponent(name).path)
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: versionsFolder.path)) ?? []
        for name in names where name.hasPrefix(".partial-") {
            try? FileManager.default.removeItem(at: versionsFolder.appendingPathComponent(name))
        }
        // A list without its folder, or a folder without its list, is a publish that did not finish.
        let lists = Set(names.filter { $0.hasSuffix(".files") }.map { String($0.dropLast(".files".count)) })
        let folders = Set(names.filter { PublishedVersion.sequence(of: $0) != nil && !$0.hasSuffix(".files") })
        let current = try? currentID()
        for id in lists.symmetricDifference(folders) where id != current {
            try? FileManager.default.removeItem(at: folder(id))
            try? FileManager.default.removeItem(at: listURL(id))
        }
    }

    /// Removes every version but the last `keep` of `history` (the versions rollbacks can reach,
    /// the current one last), oldest first; returns the ids removed. Versions that were rolled
    /// back are not in the history, and go first.
    private func prune(keep: Int, history: [String]) -> [String] {
        let kept = Set(history.suffix(max(keep, 1)))
        var removed: [String] = []
        for id in versions() where !kept.contains(id) {
            do {
                try FileManager.default.removeItem(at: listURL(id))
                try FileManager.default.removeItem(at: folder(id))
                removed.append(id)
            } catch {
                continue
            }
        }
        return removed
    }
}
