import Foundation
import Testing

@testable import Preview

@Suite struct PreviewStateTests {
    /// Decodes the `data:` line of one server-sent event.
    static func status(_ event: String) throws -> PreviewState.Status {
        let line = try #require(event.split(separator: "\n").first { $0.hasPrefix("data: ") })
        #expect(event.hasPrefix("event: status\n") && event.hasSuffix("\n\n"))
        return try JSONDecoder().decode(PreviewState.Status.self, from: Data(line.dropFirst(6).utf8))
    }

    @Test func aPageHearsTheStatusNowThenEveryChangeAndOnlyChangingBuildsMoveLastChange() async throws {
        let state = PreviewState()
        state.finishBuild(changed: true, errors: [])
        let (_, events) = state.subscribe()
        var iterator = events.makeAsyncIterator()
        let now = try Self.status(try #require(await iterator.next()))
        #expect(now.generation == 1 && now.lastChange == 1 && !now.building && now.instance == state.status.instance)
        state.beginBuild()
        #expect(try Self.status(try #require(await iterator.next())).building)
        state.finishBuild(changed: false, errors: ["studies/x/run.yaml:1:1: error: bad"])
        let failed = try Self.status(try #require(await iterator.next()))
        #expect(failed.generation == 2 && failed.lastChange == 1 && failed.errors.count == 1 && !failed.building)
        state.heartbeat()
        #expect(await iterator.next() == ": heartbeat\n\n")
        state.finishBuild(changed: true, errors: [])
        let fixed = try Self.status(try #require(await iterator.next()))
        #expect(fixed.generation == 3 && fixed.lastChange == 3 && fixed.errors.isEmpty)
        // Closing ends the stream, and a page that comes later gets none.
        state.close()
        #expect(await iterator.next() == nil)
        var late = state.subscribe().events.makeAsyncIterator()
        #expect(await late.next() == nil)
        #expect(state.subscriberCount == 0)
    }

    @Test func aPageThatGoesAwayIsForgotten() async throws {
        let state = PreviewState()
        do {
            let (id, events) = state.subscribe()
            #expect(state.subscriberCount == 1)
            var iterator = events.makeAsyncIterator()
            _ = await iterator.next()
            state.unsubscribe(id)
        }
        #expect(state.subscriberCount == 0)
        // Two servers' pages tell them apart.
        #expect(PreviewState().status.instance != state.status.instance)
    }
}
