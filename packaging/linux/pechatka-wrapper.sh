#!/bin/sh
# /usr/bin/pechatka: the installed Pechatka (/opt/pechatka/bin/Pechatka). JavaFX draws in software
# (-Dprism.order=sw in the launcher's options), so GTK need not load OpenGL either (docs/performance.md).
GDK_GL="${GDK_GL:-disable}"
export GDK_GL
exec /opt/pechatka/bin/Pechatka "$@"
