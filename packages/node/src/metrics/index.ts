export { Counter, Gauge, MetricsError, MetricsRegistry, type Labels, type MetricsErrorCode } from './metrics-registry.js'
export {
  EXPOSITION_CONTENT_TYPE, ExpositionParseError, escapeHelp, escapeLabelValue, formatSampleValue, isLabelName, isMetricName, parseExposition, sampleValue,
  type MetricType, type ParsedFamily, type ParsedSample
} from './exposition-format.js'
export { PeerMetrics, rejectionReason, type PeerMetricsOptions } from './peer-metrics.js'
export { trackModelUsage } from './model-metrics.js'
