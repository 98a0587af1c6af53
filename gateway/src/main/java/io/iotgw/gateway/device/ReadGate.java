package io.iotgw.gateway.device;

import io.netty.channel.Channel;

/**
 * Whether a connection is read from. Two things stop it: echo backing up towards a client that does
 * not read (its own TCP window then holds it back), and too many of its reads waiting for their
 * lines to be kept. Event loop only.
 */
final class ReadGate {

    private final Channel channel;
    private boolean echoBacklog;
    private boolean echoesWaiting;

    ReadGate(Channel channel) {
        this.channel = channel;
    }

    void echoBacklog(boolean backlog) {
        echoBacklog = backlog;
        apply();
    }

    void echoesWaiting(boolean tooMany) {
        echoesWaiting = tooMany;
        apply();
    }

    private void apply() {
        boolean read = !echoBacklog && !echoesWaiting;
        if (channel.config().isAutoRead() != read) {
            channel.config().setAutoRead(read);
        }
    }
}
