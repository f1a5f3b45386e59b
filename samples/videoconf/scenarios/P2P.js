// P2P: browsers call each other directly (video and audio peer to peer). Rule: '.*', last.
// The platform rings the callee and relays offer/answer and ICE candidates; no media touches the server.
VoxEngine.forwardCallToUserDirect();
