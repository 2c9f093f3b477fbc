# The Lineage host (API, workers and CLI verbs share one image).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Lineage.Api -c Release -o /app

# Ubuntu-based runtime: its libstdc++ has GLIBCXX_3.4.32, so TorchSharp needs no native fix here.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV MALLOC_MMAP_THRESHOLD_=131072
# The image's unprivileged user ($APP_UID); /data is made its own so a new named volume inherits that owner.
RUN mkdir -p /data && chown "$APP_UID" /data
USER $APP_UID
ENTRYPOINT ["dotnet", "Lineage.Api.dll"]
