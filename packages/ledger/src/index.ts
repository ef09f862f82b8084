export * from './checkpoint.ts';
export * from './entry-bundle.ts';
export * from './errors.ts';
export {
  checkRecord,
  checkTree,
  emptyTreeHash,
  HASH_SIZE,
  leafHash,
  MAX_TREE_SIZE,
  merkleTreeHash,
  nodeHash,
} from './merkle.ts';
export * from './note.ts';
export * from './stored-hashes.ts';
export * from './tiles.ts';
