package dev.dialtone.scenario.testing;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.Conference;
import dev.dialtone.core.MediaLink;
import dev.dialtone.core.MediaServices;
import dev.dialtone.core.MediaUnit;
import dev.dialtone.core.PlaybackListener;
import dev.dialtone.core.Player;
import dev.dialtone.core.Recorder;
import dev.dialtone.core.RecorderListener;
import dev.dialtone.core.Scheduler;
import dev.dialtone.core.Voice;
import dev.dialtone.scenario.testing.Timeline.Kind;

/**
 * Media without audio, for the test kit and the runner: records what a scenario asked for (said
 * text and voice, played URLs, conferences and who joined them, media connections) and plays
 * prompts for a plausible time on the scheduler (TTS 300 ms per word, at least 1 s; a URL 5 s).
 */
public final class RecordingMediaServices implements MediaServices {
    private final Scheduler scheduler;
    private final Timeline timeline;
    private final AtomicInteger ids = new AtomicInteger();

    public RecordingMediaServices(Scheduler scheduler, Timeline timeline) {
        this.scheduler = scheduler;
        this.timeline = timeline;
    }

    /** A unit of the graph; records its connections. */
    class Unit implements MediaUnit {
        final String id;
        final String label;
        final Set<MediaUnit> targets = ConcurrentHashMap.newKeySet();

        Unit(String id, String label) {
            this.id = id;
            this.label = label;
        }

        @Override
        public String mediaId() {
            return id;
        }

        @Override
        public void sendMediaTo(MediaUnit target) {
            if (!targets.add(target)) {
                return;
            }
            if (this instanceof FakePlayer p && target instanceof CallUnit c) {
                timeline.add(p.tts ? Kind.SAY : Kind.PLAY, c.label, p.description);
            } else if (this instanceof CallUnit c && target instanceof FakeConference f) {
                timeline.add(Kind.CONFERENCE_JOIN, f.label, c.label);
            } else {
                timeline.add(Kind.MEDIA, label, "-> " + (target instanceof Unit u ? u.label : target.mediaId()));
            }
        }

        @Override
        public void stopMediaTo(MediaUnit target) {
            targets.remove(target);
        }
    }

    final class CallUnit extends Unit {
        CallUnit(String id, String callId) {
            super(id, callId);
        }
    }

    final class FakePlayer extends Unit implements Player {
        final boolean tts;
        final String description;
        private final AtomicBoolean done = new AtomicBoolean();
        private final PlaybackListener listener;
        private Scheduler.Cancellable end;

        FakePlayer(boolean tts, String description, Duration length, PlaybackListener listener) {
            super("player#" + ids.incrementAndGet(), "player");
            this.tts = tts;
            this.description = description;
            this.listener = listener;
            scheduler.schedule(Duration.ZERO, () -> {
                if (!done.get()) {
                    listener.started();
                }
            });
            if (length != null) {
                end = scheduler.schedule(length, () -> finish(Optional.empty()));
            }
        }

        private void finish(Optional<String> error) {
            if (done.compareAndSet(false, true)) {
                listener.finished(error);
            }
        }

        @Override
        public void stop() {
            if (end != null) {
                end.cancel();
            }
            if (!done.get()) {
                for (MediaUnit t : targets) {
                    timeline.add(Kind.STOP_PLAYBACK, t instanceof Unit u ? u.label : t.mediaId(), description);
                }
            }
            finish(Optional.empty());
        }
    }

    final class FakeConference extends Unit implements Conference {
        FakeConference(String name) {
            super("conference#" + ids.incrementAndGet(), name);
        }

        @Override
        public String name() {
            return label;
        }

        @Override
        public void setMuted(MediaUnit source, boolean muted) {
            timeline.add(Kind.MEDIA, label, (muted ? "mute " : "unmute ") + source.mediaId());
        }

        @Override
        public void stop() {
            targets.clear();
        }
    }

    CallUnit callUnit(String id, String callId) {
        return new CallUnit(id, callId);
    }

    @Override
    public Conference createConference(String name) {
        FakeConference c = new FakeConference(name);
        timeline.add(Kind.CONFERENCE_CREATED, name, "");
        return c;
    }

    @Override
    public Player say(String text, Voice voice, PlaybackListener listener) {
        int words = text.isBlank() ? 0 : text.trim().split("\\s+").length;
        Duration length = Duration.ofMillis(Math.max(1000, words * 300L));
        return new FakePlayer(true, text + " (" + voice.name() + ")", length, listener);
    }

    @Override
    public Player play(URI url, boolean loop, PlaybackListener listener) {
        return new FakePlayer(false, url + (loop ? " (loop)" : ""), loop ? null : Duration.ofSeconds(5), listener);
    }

    @Override
    public Recorder record(AccountId owner, RecorderListener listener) {
        String recId = "rec-" + ids.incrementAndGet();
        timeline.add(Kind.RECORD, recId, "");
        class FakeRecorder extends Unit implements Recorder {
            FakeRecorder() {
                super(recId, recId);
            }

            @Override
            public String recordingId() {
                return recId;
            }

            @Override
            public void stop() {
                listener.stopped(recId, Duration.ZERO, Optional.empty());
            }
        }
        FakeRecorder r = new FakeRecorder();
        scheduler.schedule(Duration.ZERO, () -> listener.started(recId));
        return r;
    }

    @Override
    public MediaLink link() {
        int n = ids.incrementAndGet();
        return new MediaLink(new CallUnit("link#" + n + "a", "internal#" + n + "a"), new CallUnit("link#" + n + "b", "internal#" + n + "b"));
    }
}
