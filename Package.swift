// swift-tools-version:6.2
// Greenlight — a prior-authorization engine for US health plans.
// Targets follow docs/design.md: one target per concern, HTTP glue thin.
import PackageDescription

/// Swift 6 language mode gives strict concurrency checking; `ExistentialAny` keeps
/// existential costs visible at the use site.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "greenlight",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "greenlight", targets: ["greenlight"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        // jwt-kit's own range; Auth hashes JWK thumbprints with it directly.
        .package(url: "https://github.com/apple/swift-crypto.git", "4.1.0"..<"6.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // Proleptic Gregorian arithmetic (days from civil dates and back), for FHIR's dates and
        // the case store's timestamps: one home, no Foundation Calendar.
        .target(name: "CivilTime", swiftSettings: strict),

        // Random identifiers (UUIDs, 64-bit draws) from the kernel's generator, a block at a time.
        .target(name: "Identifiers", swiftSettings: strict),

        // FHIR R4 JSON: a lossless value type, resource helpers, Bundles, OperationOutcome, dates.
        .target(name: "FHIR", dependencies: ["CivilTime"], swiftSettings: strict),

        // CQL 1.5 to ELM JSON: lexer, parser and translator for the DTR Libraries' logic, against
        // FHIR 4.0.1 without FHIRHelpers. Uses FHIR only for its JSON value type.
        .target(name: "CQL", dependencies: ["FHIR"], swiftSettings: strict),

        // The case store: schema, migrations, clocks, events, outbox. GRDB stays inside.
        .target(
            name: "CaseStore",
            dependencies: [
                "CivilTime",
                "Identifiers",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),

        // Who is calling: SMART scopes, client-signed JWTs (token requests, CDS Hooks), the
        // server's access tokens and signing keys, rate limits. Free of HTTP routing.
        .target(
            name: "Auth",
            dependencies: [
                "FHIR",
                "CaseStore",
                "Identifiers",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // jemalloc (Debian/Ubuntu libjemalloc-dev), through pkg-config; `Allocator` links it into
        // the executables in place of glibc's malloc and reports which allocator serves the process.
        .systemLibrary(name: "CJemalloc", pkgConfig: "jemalloc", providers: [.apt(["libjemalloc-dev"])]),
        .target(name: "Allocator", dependencies: ["CJemalloc"], swiftSettings: strict),

        // The system Lua 5.4 (Debian/Ubuntu liblua5.4-dev), through pkg-config.
        .systemLibrary(name: "CLua", pkgConfig: "lua5.4", providers: [.apt(["liblua5.4-dev"])]),

        // The sandboxed Lua runtime in C: allocator with a memory cap, instruction-count hook,
        // and every call that can raise a Lua error kept inside lua_pcallk, out of Swift frames.
        .target(name: "CLuaShim", dependencies: ["CLua"]),

        // The rule engine: policies in Lua 5.4, a pool of sandboxed states, decisions with
        // records that explain and replay them. Free of HTTP.
        .target(
            name: "Rules",
            dependencies: [
                "CLua",
                "CLuaShim",
                "CivilTime",
                "FHIR",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // Who a request is about: the client's Coverage matched to our payer, member, coverage and
        // plan, with the member's earlier authorizations — shared by CRD and PAS.
        .target(
            name: "Eligibility",
            dependencies: ["FHIR", "CaseStore"],
            swiftSettings: strict
        ),

        // CRD: the CDS Hooks coverage-requirements service — request checks, prefetch and FHIR
        // fetches, coverage decisions through the rules, coverage-information and cards. Free
        // of HTTP routing (its outbound FHIR reads use AsyncHTTPClient behind a protocol).
        .target(
            name: "CRD",
            dependencies: [
                "FHIR",
                "Identifiers",
                "CaseStore",
                "Eligibility",
                "Rules",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // PAS: Claim/$submit and $inquire — reading and checking PAS Bundles, the response
        // Bundles with X12 review actions, updates and cancels, pended results. Free of HTTP.
        .target(
            name: "PAS",
            dependencies: [
                "FHIR",
                "Identifiers",
                "CaseStore",
                "Eligibility",
                "Rules",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // DTR: the questionnaire server — the payer's forms with their CQL Libraries and ValueSets
        // (loaded and checked from Questionnaires/), $questionnaire-package, adaptive
        // $next-question through the rules, QuestionnaireResponse intake. Free of HTTP.
        .target(
            name: "DTR",
            dependencies: [
                "FHIR",
                "Identifiers",
                "CQL",
                "CaseStore",
                "Eligibility",
                "Rules",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // The HTTP application: routes, error rendering, /metadata, health, metrics, demo seeding.
        .target(
            name: "Server",
            dependencies: [
                "FHIR",
                "CaseStore",
                "Auth",
                "Rules",
                "Eligibility",
                "CRD",
                "PAS",
                "DTR",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // The command line: `greenlight serve`, `greenlight seed`, …
        .executableTarget(
            name: "greenlight",
            dependencies: [
                "Allocator",
                "Server",
                "CaseStore",
                "FHIR",
                "Auth",
                "Rules",
                "DTR",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // Benchmarks that print figures (`make bench`): throughput, latency percentiles, and
        // ratios against a baseline measured in the same run.
        .executableTarget(
            name: "greenlight-bench",
            dependencies: [
                "Allocator",
                "FHIR",
                "CaseStore",
                "Rules",
                "Server",
                "Auth",
                "CRD",
                "Identifiers",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        .testTarget(name: "AllocatorTests", dependencies: ["Allocator"], swiftSettings: strict),
        .testTarget(name: "CivilTimeTests", dependencies: ["CivilTime"], swiftSettings: strict),
        .testTarget(name: "IdentifiersTests", dependencies: ["Identifiers"], swiftSettings: strict),
        .testTarget(name: "FHIRTests", dependencies: ["FHIR"], swiftSettings: strict),
        .testTarget(name: "CQLTests", dependencies: ["CQL", "FHIR"], swiftSettings: strict),
        .testTarget(
            name: "RulesTests",
            dependencies: [
                "Rules", "FHIR",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AuthTests",
            dependencies: [
                "Auth", "CaseStore", "FHIR",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CaseStoreTests",
            dependencies: [
                "CaseStore",
                // The tests open the file behind the store's back, as another program would.
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CRDTests",
            dependencies: [
                // Server for the demo plan (DemoPlan.seed), the directory the decisions read.
                "CRD", "FHIR", "CaseStore", "Rules", "Server",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EligibilityTests",
            dependencies: ["Eligibility", "CaseStore", "FHIR"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PASTests",
            dependencies: [
                "PAS", "FHIR", "CaseStore", "Rules", .product(name: "Logging", package: "swift-log"),
                // A test breaks the store's file behind its back, as a failing disk or another program would.
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DTRTests",
            dependencies: ["DTR", "FHIR", "CaseStore", "Rules", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server",
                "FHIR",
                "CaseStore",
                "Auth",
                "CRD",
                "DTR",
                "Rules",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
    ]
)
