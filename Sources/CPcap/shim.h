#include <pcap/pcap.h>
#include <stdio_ext.h>
