package io.iotgw.gateway.device;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;

/**
 * Writes every byte back as it arrives. A client that does not read its echo stops being read
 * until the echo drains below the low write-buffer watermark, so it costs bounded memory. When the client shuts down its sending side, the echo still in flight is delivered
 * before the connection closes.
 */
@Sharable
final class EchoHandler extends ChannelInboundHandlerAdapter {

    private final GatewayStats stats;

    EchoHandler(GatewayStats stats) {
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf echo = (ByteBuf) msg;
        DeviceSession session = DeviceSession.of(ctx.channel());
        session.bytesOut += echo.readableBytes();
        stats.bytesOut.add(echo.readableBytes());
        if (echo.isReadable()) {
            session.echoMidLine = echo.getByte(echo.writerIndex() - 1) != '\n';
        }
        ctx.write(msg, ctx.voidPromise());
        if (!session.echoMidLine) {
            session.betweenLines();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        DeviceSession.of(ctx.channel()).gate.echoBacklog(!ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }
}
