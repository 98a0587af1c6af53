package io.iotgw.gateway.device;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.nio.charset.StandardCharsets;

/**
 * Fixed-reply mode, like the tutorial server that answers "Goodbye, client!": the first message
 * is answered with the configured text instead of an echo, then the connection closes. As in the
 * tutorial, the first message is whatever the client sends first, newline or not; a leading HELLO
 * line only names the device.
 *
 * <p>Remembers whether it has answered, so one instance per connection.
 */
final class FixedReplyHandler extends ChannelInboundHandlerAdapter {

    private final ByteBuf reply;
    private final GatewayStats stats;
    private boolean answered;

    FixedReplyHandler(ByteBuf sharedReply, GatewayStats stats) {
        this.reply = sharedReply;
        this.stats = stats;
    }

    static ByteBuf encode(String text) {
        return Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8).asReadOnly());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (answered || !hasMessage(in)) {
                return;
            }
            answered = true;
            ctx.channel().config().setAutoRead(false);
            DeviceSession.of(ctx.channel()).bytesOut += reply.readableBytes();
            stats.bytesOut.add(reply.readableBytes());
            ctx.writeAndFlush(reply.duplicate()).addListener(ChannelFutureListener.CLOSE);
        } finally {
            in.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent && !answered) {
            ctx.close(); // the client is done without sending a message: nothing to answer
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** True unless the bytes are only a complete HELLO line, which names the device and waits for more. */
    private static boolean hasMessage(ByteBuf in) {
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (lf < 0 || !Hello.isHello(in)) {
            return in.isReadable();
        }
        return lf + 1 < in.writerIndex();
    }
}
