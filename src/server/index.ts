// The Node entry point `dicom-lightbox/server`: the app builder and the store it serves from.
export { buildApp, type BuildAppOptions } from './app.js';
export {
  DicomStore,
  IngestError,
  openFileStore,
  type OpenFileStoreOptions,
  type IngestErrorCode,
  type IngestOptions,
  type IngestResult,
  type IngestStatus,
  type MetadataTarget,
  type Store,
} from './store/store.js';
export type {
  AddOutcome,
  AttributeCondition,
  EntityTarget,
  IndexedInstance,
  InstanceIndex,
  InstanceLocation,
  QueryLevel,
  SearchMatch,
  SearchQuery,
  ValueMatch,
} from './store/instance-index.js';
export { SqliteIndex } from './store/sqlite-index.js';
export type { BlobStore } from './store/blob-store.js';
export { FileBlobStore } from './store/file-blob-store.js';
export { DicomParseError, parseInstance, type ParsedInstance } from './dicom/parse-instance.js';
export { ingestFolders, formatReport, type FolderIngestReport } from './ingest-folder.js';
export { loadTokenFile, tokenTableOf, TokenTable, type TokenEntry } from './auth/tokens.js';
export type { AccessRestriction, Principal } from './auth/principal.js';
export { roles, type Role } from './auth/roles.js';
export type { AuthOptions } from './plugins/auth.js';
export { auditEvents, type AuditLog, type AuditEvent, type AuditedObject, type AuditAction, type AuditOutcome } from './audit/audit-log.js';
export { JsonLinesAuditLog } from './audit/json-lines-audit-log.js';
export { verifyChain, type ChainCheck } from './audit/hash-chain.js';
export { openProcessAuditLog } from './audit/audit-directory.js';
