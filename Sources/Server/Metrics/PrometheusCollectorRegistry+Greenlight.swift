import Prometheus

/// Greenlight's metrics, named `greenlight_<name>_<unit>` in one place so every counter and
/// histogram follows the same convention (and the registry's non-deprecated API).
extension PrometheusCollectorRegistry {
    /// The counter `greenlight_<name>_total` for these labels.
    func greenlightCounter(_ name: String, labels: [(String, String)], help: String) -> Counter {
        makeCounter(descriptor: Self.descriptor(name, unit: "total", help: help), labels: labels)
    }

    /// The histogram `greenlight_<name>_seconds` for these labels.
    func greenlightDurationHistogram(
        _ name: String, labels: [(String, String)], buckets: [Duration], help: String
    ) -> DurationHistogram {
        makeDurationHistogram(descriptor: Self.descriptor(name, unit: "seconds", help: help), labels: labels, buckets: buckets)
    }

    private static func descriptor(_ name: String, unit: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "greenlight", metricName: name, unitName: unit, helpText: help)
    }
}
