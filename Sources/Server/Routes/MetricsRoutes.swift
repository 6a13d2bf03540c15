import Hummingbird
import NIOCore
import Prometheus

/// `GET /metrics`: Prometheus text exposition of the server's registry.
struct MetricsRoutes {
    let registry: PrometheusCollectorRegistry

    func register(on routes: RouteBuilder) {
        routes.get("/metrics", access: .public) { _, _ in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(16 * 1024)
            self.registry.emit(into: &buffer)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: buffer))
            )
        }
    }
}
