"""Server plumbing: uvicorn's protocols on a coalescing transport, and the WebSocket
extension for pre-framed texts. Kept apart from domain code."""
