// What leaves the app: capture files, text formats of a frame's bytes, the dissection as JSON and as a report.
// Pure (no DOM, no Node): the UI and the CLI share it.
export type { ExportFrame, Timestamp } from './frames';
export { writePcap, writePcapng, type CaptureFile } from './pcap';
export { base64, cArray, hexDump, hexStream } from './hex';
export { DISSECTION_VERSION, dissectionJson, jsonWriter } from './json';
export { textReport, type ReportInput } from './report';
export { frameTree } from './tree';
