/** Intake: reads the text of a công văn into a draft directive. */
export { readDirective, emptyDraft } from './read-directive';
export { modernTonePlacement, normaliseText } from './normalise';
export { unitKey, expandAbbreviations } from './unit-keys';
export type {
  CitedDocument,
  DirectiveDraft,
  DirectiveSection,
  DocumentFormat,
  Issuer,
  OrgUnitRef,
  ReadOptions,
  Recipient,
  RecipientRole,
  SectionRole,
  Signature,
  UnitMatch,
} from './types';
export { readDocumentFile, type FileReadOptions } from './files/read-file';
export { IntakeFileError, FILE_LIMITS } from './files/errors';
export type { FieldConfidence, FileFacts } from './types';
