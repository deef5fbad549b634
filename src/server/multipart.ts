// The server writes multipart/related answers with the same pure writer the browser uses for STOW-RS requests.
export {
  createBoundary,
  multipartBody,
  multipartFraming,
  multipartLength,
  multipartRelatedContentType,
  type MultipartWritePart,
} from '../dicomweb/multipart-writer.js';
