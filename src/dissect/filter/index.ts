// Display filters in Wireshark's syntax (a subset), shared by the app's filter box and the CLI's -Y; and Find Packet.
export {
  compileFilter,
  EXTRA_FILTER_FIELDS,
  FIELD_ALIASES,
  type CompiledFilter,
  type Compiled,
  type FilterTarget,
} from './compile';
export { parseIpv4, parseIpv6 } from './compile';
export { parseFilter, type FilterError, type FilterExpr } from './parse';
export {
  compileFind,
  findBytes,
  findOrder,
  parseHexPattern,
  type CompiledFind,
  type FindDirection,
  type FindMode,
  type FindQuery,
} from './find';
export {
  addressFilter,
  combineFilter,
  fieldFilter,
  protocolFilter,
  valueFilter,
  type FilterHow,
  type SelectionFilter,
} from './selected';
