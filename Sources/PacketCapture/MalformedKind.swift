/// A named kind of malformed frame, counted like Zeek's "weirds".
///
/// The decoder never stops on bad input: it counts the frame under one of these kinds and
/// goes on with the next. ``name`` is stable and meant for logs and JSON.
public enum MalformedKind: Int, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    /// The frame ends inside its link-layer header (Ethernet, SLL, loopback, FDDI, PPPoE).
    case truncatedLinkHeader
    /// The frame ends inside an 802.1Q/802.1ad tag or an MPLS label.
    case truncatedVLANTag
    /// More VLAN tags or MPLS labels than ``CaptureLimits/maxVLANTags``.
    case tooManyVLANTags
    /// The IP version nibble disagrees with the link layer's protocol field.
    case ipVersionMismatch
    /// The frame ends inside the 20-byte IPv4 header or its options.
    case truncatedIPv4Header
    /// IPv4 header length (IHL) below 5 words.
    case badIPv4HeaderLength
    /// IPv4 total length shorter than the header or longer than the frame.
    case badIPv4TotalLength
    /// The frame ends inside the 40-byte IPv6 header.
    case truncatedIPv6Header
    /// IPv6 payload length longer than the frame (or a jumbogram).
    case badIPv6PayloadLength
    /// The packet ends inside an IPv6 extension header.
    case truncatedIPv6ExtensionHeader
    /// More extension headers than ``CaptureLimits/maxIPv6ExtensionHeaders``.
    case tooManyIPv6ExtensionHeaders
    /// A fragment beyond 65535 bytes, or a non-final fragment not a multiple of 8 bytes.
    case badFragment
    /// Fragments of one datagram disagree on where it ends.
    case inconsistentFragmentLength
    /// The packet ends inside the 8-byte UDP header.
    case truncatedUDPHeader
    /// UDP length below 8 or beyond the IP payload.
    case badUDPLength
    /// The packet ends inside the TCP header.
    case truncatedTCPHeader
    /// TCP data offset below 5 words or beyond the IP payload.
    case badTCPDataOffset
    /// The capture's snapshot length cut the packet before its DNS payload ended.
    case truncatedByCapture
    /// The packet ends inside a GRE, VXLAN, Geneve or GTP-U header.
    case truncatedTunnelHeader
    /// A tunnel header with a version or flags this decoder does not accept.
    case badTunnelHeader
    /// More nested tunnels than ``CaptureLimits/maxEncapsulationDepth``.
    case tunnelTooDeep
    /// A DNS-over-TCP length prefix of zero.
    case zeroLengthTCPMessage

    /// The stable snake_case name (`truncated_ipv4_header`).
    public var name: String {
        switch self {
        case .truncatedLinkHeader: return "truncated_link_header"
        case .truncatedVLANTag: return "truncated_vlan_tag"
        case .tooManyVLANTags: return "too_many_vlan_tags"
        case .ipVersionMismatch: return "ip_version_mismatch"
        case .truncatedIPv4Header: return "truncated_ipv4_header"
        case .badIPv4HeaderLength: return "bad_ipv4_header_length"
        case .badIPv4TotalLength: return "bad_ipv4_total_length"
        case .truncatedIPv6Header: return "truncated_ipv6_header"
        case .badIPv6PayloadLength: return "bad_ipv6_payload_length"
        case .truncatedIPv6ExtensionHeader: return "truncated_ipv6_extension_header"
        case .tooManyIPv6ExtensionHeaders: return "too_many_ipv6_extension_headers"
        case .badFragment: return "bad_fragment"
        case .inconsistentFragmentLength: return "inconsistent_fragment_length"
        case .truncatedUDPHeader: return "truncated_udp_header"
        case .badUDPLength: return "bad_udp_length"
        case .truncatedTCPHeader: return "truncated_tcp_header"
        case .badTCPDataOffset: return "bad_tcp_data_offset"
        case .truncatedByCapture: return "truncated_by_capture"
        case .truncatedTunnelHeader: return "truncated_tunnel_header"
        case .badTunnelHeader: return "bad_tunnel_header"
        case .tunnelTooDeep: return "tunnel_too_deep"
        case .zeroLengthTCPMessage: return "zero_length_tcp_message"
        }
    }

    public var description: String { name }
}
