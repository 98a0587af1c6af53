package io.iotgw.gateway.device;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Counts what is written to a device from outside its pipeline: downlinks. It sits last in the
 * pipeline, where only writes on the channel itself pass; the echo and the fixed reply are written
 * from their own handlers, further up, and never reach it. Runs on the connection's event loop
 * (Netty hands a write from another thread to it), so the session's counters stay its own.
 */
@Sharable
final class DownlinkMeter extends ChannelOutboundHandlerAdapter {

    private final GatewayStats stats;

    DownlinkMeter(GatewayStats stats) {
        this.stats = stats;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        DeviceSession session = DeviceSession.of(ctx.channel());
        if (msg instanceof ByteBuf buf && session != null) {
            int bytes = buf.readableBytes();
            session.bytesOut += bytes;
            session.downlinkLines += countLines(buf);
            stats.bytesOut.add(bytes);
        }
        ctx.write(msg, promise);
    }

    private static int countLines(ByteBuf buf) {
        int count = 0;
        int end = buf.writerIndex();
        for (int i = buf.indexOf(buf.readerIndex(), end, (byte) '\n'); i >= 0; i = buf.indexOf(i + 1, end, (byte) '\n')) {
            count++;
        }
        return count;
    }
}
