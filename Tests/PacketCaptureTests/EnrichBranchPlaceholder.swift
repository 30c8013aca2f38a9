// The skeleton declares PacketCaptureTests without sources, so SwiftPM refuses the
// package. This empty file lets the `enrich` branch build on its own; drop it when the
// `pcap` branch brings the real tests.
