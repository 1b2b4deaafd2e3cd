// Display filters in Wireshark's syntax (a subset), shared by the app's filter box and the CLI's -Y.
export { compileFilter, EXTRA_FILTER_FIELDS, type CompiledFilter, type Compiled, type FilterTarget } from './compile';
export { parseIpv4, parseIpv6 } from './compile';
export { parseFilter, type FilterError, type FilterExpr } from './parse';
