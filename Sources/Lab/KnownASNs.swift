/// The real autonomous systems the lab draws addresses from, by the kind of network each
/// class of hosting lives in. docs/lab.md says why each list looks the way it does.
public enum KnownASNs {
    /// Consumer broadband and mobile access networks, where compromised home machines
    /// (flux agents), residential Bitcoin nodes and dynamic-DNS hosts live.
    public static let consumer: [UInt32] = [
        7922,   // Comcast (US)
        7018,   // AT&T (US)
        20115,  // Charter (US)
        22773,  // Cox (US)
        3320,   // Deutsche Telekom (DE)
        3215,   // Orange (FR)
        12322,  // Free (FR)
        2856,   // BT (GB)
        5089,   // Virgin Media (GB)
        3269,   // Telecom Italia (IT)
        6830,   // Liberty Global (EU)
        4766,   // Korea Telecom (KR)
        4134,   // China Telecom (CN)
        4837,   // China Unicom (CN)
        9121,   // Turk Telekom (TR)
        12389,  // Rostelecom (RU)
        8151,   // Telmex / Uninet (MX)
        28573,  // Claro (BR)
        45899,  // VNPT (VN)
        9829,   // BSNL (IN)
        1221,   // Telstra (AU)
    ]

    /// Hosting and cloud providers: name servers, round-robin farms, VPN exits, part of
    /// the NTP pool and the mirrors.
    public static let hosting: [UInt32] = [
        16276,  // OVH (FR)
        24940,  // Hetzner (DE)
        14061,  // DigitalOcean (US)
        63949,  // Linode / Akamai Cloud (US)
        20473,  // Vultr / Choopa (US)
        9009,   // M247 (RO)
        60781,  // Leaseweb (NL)
        51167,  // Contabo (DE)
    ]

    /// Research and education networks and universities: software mirrors, NTP servers.
    public static let education: [UInt32] = [
        680,    // DFN (DE)
        786,    // Jisc / JANET (GB)
        1103,   // SURF (NL)
        2200,   // RENATER (FR)
        224,    // Sikt / UNINETT (NO)
        137,    // GARR (IT)
        2152,   // CSU / CENIC (US)
        3,      // MIT (US)
        88,     // Princeton (US)
        32,     // Stanford (US)
        25,     // UC Berkeley (US)
    ]

    /// Content delivery networks.
    public static let cdn: [UInt32] = [
        13335,  // Cloudflare
        20940,  // Akamai
        54113,  // Fastly
        16509,  // Amazon (CloudFront)
        15169,  // Google
    ]

    /// One large organisation with two ASes of its own (Microsoft).
    public static let largeSite: [UInt32] = [8075, 8068]
}
