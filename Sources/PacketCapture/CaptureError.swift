/// Placeholder until the capture decoder lands.
public enum PacketCaptureModule {}
