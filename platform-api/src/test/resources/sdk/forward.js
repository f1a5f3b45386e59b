// Peer-to-peer: every other dialed string is a user of the application; the pages talk directly.
VoxEngine.forwardCallToUserDirect();
