#!/usr/bin/env bash
# Regenerates the text-input fixtures in this folder from three source frames, with the real tools wherever
# Debian has them (od, xxd, hexdump, base64, python3, gcc + gdb, text2pcap, tshark, editcap, tcpdump).
# Run from anywhere: bash src/inputs/__fixtures__/make-fixtures.sh
# README.md beside this script says which command made which file.
#
# The live captures (sll.pcap, sll2.pcap, ipv6-lo.pcap) need root and a free TCP port 102; they are made only
# with CAPTURE=1 (CAPTURE=1 bash make-fixtures.sh), otherwise the committed ones are used.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

node "$here/build-frames.mjs" "$work"
frames=(frame1 frame2 frame3)

# --- The source capture: text2pcap reads its own input format (direction and time before each od dump). ---
{
  dir=(I O I)
  for i in 0 1 2; do
    echo "${dir[$i]} 2024-05-01 10:00:0$((i + 1)).000000"
    od -Ax -tx1 -v "${frames[$i]}.bin"
  done
} > "$here/text2pcap-input.txt"
text2pcap -q -F pcap -D -t '%Y-%m-%d %H:%M:%S.%f' "$here/text2pcap-input.txt" "$here/frames.pcap"

# --- Tools that read the capture. ---
tshark -x -r "$here/frames.pcap" > "$here/tshark-x.txt" 2>/dev/null
# tcpdump prints "reading from file …" on stderr; a paste of a terminal holds it, so the fixture does too.
(cd "$here" && tcpdump -xx -r frames.pcap > tcpdump-xx.txt 2>&1)
(cd "$here" && tcpdump -XX -r frames.pcap > tcpdump-XX.txt 2>&1)
(cd "$here" && tcpdump -vv -XX -r frames.pcap > tcpdump-vv-XX.txt 2>&1)

# --- Tools that read one frame at a time; their outputs are concatenated (offsets restart at 0). ---
: > "$here/od.txt"; : > "$here/od-octal.txt"; : > "$here/xxd.txt"; : > "$here/hexdump-C.txt"; : > "$here/hexdump.txt"
: > "$here/hex-stream.txt"; : > "$here/spaced-bytes.txt"; : > "$here/colon-bytes.txt"; : > "$here/0x-list.txt"
: > "$here/base64.txt"; : > "$here/python-repr.txt"; : > "$here/xxd-i.txt"
for f in "${frames[@]}"; do
  od -Ax -tx1 -v "$f.bin" >> "$here/od.txt"
  od -tx1 -v "$f.bin" >> "$here/od-octal.txt"
  xxd "$f.bin" >> "$here/xxd.txt"
  hexdump -C "$f.bin" >> "$here/hexdump-C.txt"
  hexdump "$f.bin" >> "$here/hexdump.txt"
  cp "$f.bin" "$f" && xxd -i "$f" >> "$here/xxd-i.txt"
  # Byte lists have no offsets: a blank line separates frames.
  [ "$f" = frame1 ] || for list in hex-stream spaced-bytes colon-bytes 0x-list base64 python-repr; do echo >> "$here/$list.txt"; done
  xxd -p "$f.bin" >> "$here/hex-stream.txt"
  hexdump -v -e '16/1 "%02x " "\n"' "$f.bin" | sed 's/ *$//' >> "$here/spaced-bytes.txt"
  hexdump -v -e '/1 "%02x:"' "$f.bin" | sed 's/:$//' >> "$here/colon-bytes.txt"; echo >> "$here/colon-bytes.txt"
  hexdump -v -e '/1 "0x%02x, "' "$f.bin" | fold -w 72 | sed 's/, *$//; s/ *$//' >> "$here/0x-list.txt"; echo >> "$here/0x-list.txt"
  base64 "$f.bin" >> "$here/base64.txt"
  python3 -c 'import sys; print(repr(open(sys.argv[1], "rb").read()))' "$f.bin" >> "$here/python-repr.txt"
done

# od without -v collapses repeated lines into "*": frame3 followed by 48 zero bytes (a trailer of zeros).
{ cat frame3.bin; head -c 48 /dev/zero; } > zeros.bin
od -Ax -tx1 zeros.bin > "$here/od-collapsed.txt"

# gdb: the frames compiled into a program as arrays (xxd -i), then examined byte by byte.
cat "$here/xxd-i.txt" > pkt.c
echo 'int main(void) { return frame1[0] + frame2[0] + frame3[0]; }' >> pkt.c
gcc -g -O0 -o pkt pkt.c
gdb -batch -ex 'x/98bx frame1' -ex 'x/116bx frame2' -ex 'x/67bx frame3' ./pkt > "$here/gdb.txt" 2>/dev/null

# --- Formats no tool here writes, made by the script after the writer's source (see README.md). ---
# Wireshark's Qt "Copy Bytes as Hex + ASCII Dump" (ui/qt/utils/data_printer.cpp, hexTextDump(…, true)) and
# "…as Hex Dump" (hexTextDump(…, false)); "…as Escaped String" (DP_EscapedString).
python3 - "$work" "$here" <<'PY'
import sys
work, here = sys.argv[1], sys.argv[2]
frames = [open(f"{work}/frame{i}.bin", "rb").read() for i in (1, 2, 3)]
printable = lambda b: chr(b) if 0x20 <= b < 0x7f else "."

def hex_dump(data, ascii):
    out = ""
    byte_str = "".join(f" {b:02x}" for b in data)
    data_str = "".join(printable(b) for b in data)
    lines = (len(data) + 15) // 16
    for n in range(lines):
        offset = n * 16
        out += f"{offset:04x}  " + byte_str[offset * 3: offset * 3 + 48]
        if ascii:
            out += "   "
            if n == lines - 1:
                out += " " * ((16 - len(data_str[offset:offset + 16])) * 3)
            out += data_str[offset:offset + 16]
        out += "\n"
    return out

def escaped(data):
    out = '"'
    for i, b in enumerate(data):
        if i % 16 == 0 and i != 0 and i != len(data) - 1:
            out += '" \\\n"'
        out += f"\\x{b:02x}"
    return out + '"\n'

# Wireshark 4.x "Export Packet Dissections → As C Arrays" (epan/print.c, proto_tree_write_carrays).
def c_arrays(num, data):
    out = f"// Frame ({len(data)} bytes)\nstatic const unsigned char pkt{num}[{len(data)}] = {{\n"
    ascii = ""
    for i, b in enumerate(data):
        out += f"0x{b:02x}"
        ascii += printable(b)
        if i == len(data) - 1:
            rem = len(data) % 8
            if rem:
                out += "      " * (8 - rem)
            out += f"  // |{ascii}|\n}};\n\n"
            break
        if (i + 1) % 8 == 0:
            out += f", // |{ascii}|\n"
            ascii = ""
        else:
            out += ", "
    return out

# A router memory dump as Cisco IOS prints one ("debug ip packet dump", "show buffers … dump"): address,
# four 32-bit words, the ASCII; rows aligned to 16 bytes, so a buffer starting mid-row leaves blank slots.
def router_dump(address, data):
    out = ""
    end = address + len(data)
    for row in range(address & ~0xF, end, 16):
        slots, text = [], ""
        for word in range(row, row + 16, 4):
            present = [data[a - address] for a in range(word, word + 4) if address <= a < end]
            if word + 4 <= address:
                slots.append(" " * 8)
                text += " " * 4
            elif present:
                slots.append("".join(f"{c:02X}" for c in present))
                text += "".join(printable(c) for c in present)
        out += f"{row:08X}: {' '.join(slots).ljust(35)}  {text}\n"
    return out

open(f"{here}/wireshark-hex-ascii.txt", "w").write("\n".join(hex_dump(f, True) for f in frames))
open(f"{here}/wireshark-hex-only.txt", "w").write("\n".join(hex_dump(f, False) for f in frames))
open(f"{here}/wireshark-escaped.txt", "w").write("\n".join(escaped(f) for f in frames))
open(f"{here}/wireshark-c-arrays.txt", "w").write("".join(c_arrays(i + 1, f) for i, f in enumerate(frames)))
open(f"{here}/router-dump.txt", "w").write(router_dump(0x07B4F6E8, frames[0]))

# Links: Hex Packet Decoder holds hex in ?data=; CyberChef holds its input box as unpadded base64 in #input=
# (ControlsWaiter.generateStateUrl: toBase64(input, "A-Za-z0-9+/")), here the spaced hex text From_Hex reads.
import base64
hex_text = " ".join(f"{b:02x}" for b in frames[0])
open(f"{here}/hpd-link.txt", "w").write(f"https://hpd.gasmi.net/?data={frames[0].hex().upper()}&force=ipv4\n")
chef_input = base64.b64encode(hex_text.encode()).decode().rstrip("=")
open(f"{here}/cyberchef-link.txt", "w").write(f"https://gchq.github.io/CyberChef/#recipe=From_Hex('Auto')&input={chef_input}\n")
PY

# --- Other link layers, from captures: raw IPv4 (editcap cuts the Ethernet header off frames.pcap), Linux
# cooked v1/v2 and IPv6 on the loopback (live captures), BSD null (a shared capture). ---
editcap -F pcap -C 14 -T rawip4 "$here/frames.pcap" "$here/raw-ipv4.pcap"
tshark -x -r "$here/raw-ipv4.pcap" > "$here/tshark-x-raw-ipv4.txt" 2>/dev/null
if [ "${CAPTURE:-0}" = 1 ]; then
  cat > srv.py <<'PY'
import socket, sys
family = socket.AF_INET6 if sys.argv[1] == "::1" else socket.AF_INET
s = socket.socket(family); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((sys.argv[1], 102)); s.listen(1)
c, _ = s.accept(); c.recv(100)
c.sendall(bytes.fromhex("0311002c27d001ca002900c10d53574953534c49464554534150c20d45584348414e47455453415031c0010b"))
c.close()
PY
  cat > cli.py <<'PY'
import socket, sys, time
c = socket.create_connection((sys.argv[1], 102))
c.sendall(bytes.fromhex("0300001611e00000000100c1020100c2020102c0010a"))
time.sleep(0.3); c.recv(100); c.close()
PY
  capture() { # interface, link type or "", host, output
    python3 srv.py "$3" & local srv=$!
    sleep 0.5
    timeout 10 tcpdump -i "$1" ${2:+-y "$2"} -w "$4" -c 6 'tcp port 102' 2>/dev/null & local dump=$!
    sleep 1.5
    python3 cli.py "$3"
    wait "$srv" "$dump" || true
  }
  capture any LINUX_SLL 127.0.0.1 "$here/sll.pcap"
  capture any LINUX_SLL2 127.0.0.1 "$here/sll2.pcap"
  capture lo "" ::1 ipv6-lo.pcap
  editcap -F pcap -C 14 -T rawip6 ipv6-lo.pcap "$here/raw-ipv6.pcap"
fi
(cd "$here" && tcpdump -xx -r sll.pcap > tcpdump-xx-sll.txt 2>&1)
(cd "$here" && tcpdump -xx -r sll2.pcap > tcpdump-xx-sll2.txt 2>&1)
tshark -x -r "$here/raw-ipv6.pcap" > "$here/tshark-x-raw-ipv6.txt" 2>/dev/null
# BSD null/loopback: packets of a shared Windows loopback capture; tshark also prints packet 324's reassembled
# COTP data as a second block ("Reassembled COTP (1304 bytes):"), which is not a frame.
shared="$here/../../../../shared/captures/dina_cotp.pcap"
tshark -x -r "$shared" -Y 'frame.number <= 4 || frame.number == 324' > "$here/tshark-x-null.txt" 2>/dev/null
editcap -F pcap -r "$shared" "$here/null.pcap" 1-4 324
echo "fixtures written to $here"
